"""A real IMAP server on loopback (Debian's dovecot-imapd) for end-to-end tests of email in
(`imap_server`).

Each test gets its own dovecot, started in a few milliseconds from a throwaway config in a
temporary folder: IMAP only, no TLS, one user with a plain password in a passwd-file, a Maildir
store. Run by an ordinary user, every dovecot process runs as that user. Run by root (CI's
container), dovecot will not let its login process run as root, nor deliver mail as uid 0:
the login and internal processes run as the package's `dovenull` / `dovecot` users and the
mail store belongs to `dovecot`.

`append(raw)` puts a message in a folder as a mail server would; `client()` is a logged-in
IMAPClient to look at flags; `url` is the INBOUND_IMAP_URL that reaches it.

Skipped when dovecot is not installed, unless REQUIRE_IMAP_TESTS is set (CI sets it).
"""

import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from imapclient import IMAPClient

from .smtp import free_port

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "desk@example.com", "a plain test password"


def _owners() -> tuple[str, str, int, int]:
    """(login user, internal user, mail uid, mail gid) dovecot accepts for this process."""
    if os.getuid() != 0:
        me = pwd.getpwuid(os.getuid()).pw_name
        return me, me, os.getuid(), os.getgid()
    login = "dovenull" if _exists("dovenull") else "nobody"
    internal = "dovecot" if _exists("dovecot") else "nobody"
    owner = pwd.getpwnam(internal)
    return login, internal, owner.pw_uid, owner.pw_gid


def _exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
        return True
    except KeyError:
        return False


CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {login}
first_valid_uid = 0
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/users
  default_fields = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service anvil {{
  chroot =
}}
"""


class ImapServer:
    def __init__(self, root: Path, *, tls: bool = False):
        self.root = root
        self.port = free_port()
        self.tls_port = free_port() if tls else 0  # 0: no imaps listener
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return self.url_of("INBOX")

    def url_of(self, folder: str) -> str:
        return (f"imap://{quote(USER, safe='')}:{quote(PASSWORD, safe='')}"
                f"@127.0.0.1:{self.port}/{quote(folder)}")

    def start(self):
        login, internal, uid, gid = _owners()
        for folder in ("mail", "home"):
            (self.root / folder).mkdir()
            os.chown(self.root / folder, uid, gid)
        os.chmod(self.root, 0o755)  # the mail user, not the owner, reaches its store inside
        (self.root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        (self.root / "users").chmod(0o644)
        config = self.root / "dovecot.conf"
        config.write_text(CONFIG.format(
            root=self.root, port=self.port, tls_port=self.tls_port, ssl=self._tls(),
            login=login, internal=internal,
            internal_group=grp.getgrgid(pwd.getpwnam(internal).pw_gid).gr_name,
            uid=uid, gid=gid))
        # Its own session: stopping it stops every process it started.
        self.process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot did not start: {self.process.stderr.read()!r}"
                                   f"\n{self._log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"dovecot did not listen on {self.port}\n{self._log()}")

    def _tls(self) -> str:
        """dovecot's TLS settings: none, or a self-signed certificate for 127.0.0.1 (trusted
        by a test through `cert`, e.g. as SSL_CERT_FILE)."""
        if not self.tls_port:
            return "ssl = no"
        self.cert, key = self.root / "cert.pem", self.root / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", str(key), "-out", str(self.cert)],
                       check=True, capture_output=True)
        return f"ssl = yes\nssl_cert = <{self.cert}\nssl_key = <{key}"

    def _log(self) -> str:
        log = self.root / "dovecot.log"
        return log.read_text() if log.exists() else ""

    def stop(self):
        # A throwaway server: SIGTERM makes dovecot wait seconds for its children.
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def client(self) -> IMAPClient:
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        client.login(USER, PASSWORD)
        return client

    def append(self, *messages: bytes, folder: str = "INBOX"):
        """Deliver `messages` into `folder` (made if missing), in order."""
        with self.client() as client:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            for raw in messages:
                client.append(folder, raw)

    def flags(self, folder: str = "INBOX") -> list[set[bytes]]:
        """Each message's flags, in UID order."""
        with self.client() as client:
            client.select_folder(folder, readonly=True)
            flags = client.get_flags(client.search(["ALL"]))
        return [set(flags[uid]) for uid in sorted(flags)]


@pytest.fixture
def imap_server():
    """A started dovecot with an empty mailbox, on a free loopback port; stopped after."""
    yield from _serve(tls=False)


@pytest.fixture
def imaps_server():
    """`imap_server` with an imaps listener too (`tls_port`), its certificate in `cert`."""
    yield from _serve(tls=True)


def _serve(*, tls: bool):
    if not os.path.exists(DOVECOT):
        if os.environ.get("REQUIRE_IMAP_TESTS"):
            pytest.fail("REQUIRE_IMAP_TESTS is set but dovecot is not installed "
                        "(apt-get install dovecot-imapd)")
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    # Not pytest's tmp_path: its folders are private to us, and under root the mail user
    # (dovecot) must reach the store.
    root = Path(tempfile.mkdtemp(prefix="recovery-dovecot-"))
    server = ImapServer(root, tls=tls)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
