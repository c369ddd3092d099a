"""Where the checkout is, and where the desk keeps its own files (SQLite, mail, media)."""

from pathlib import Path

from .env import env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
