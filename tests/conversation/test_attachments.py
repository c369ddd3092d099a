"""Files on a case (issue 18, part 4): uploaded by the API, the case page and the customer's
status page; typed by their content; kept within the limits; pictures thumbnailed (never a
bomb); and downloaded only by those who may see the case, always as a download."""

import io
import struct
import zlib
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import ApiKey
from cases import links
from cases.models import CaseEvent
from conversation import attachments
from conversation.models import Attachment

from ..factories import CaseFactory, client_with_key
from .helpers import reply

pytestmark = [pytest.mark.django_db, pytest.mark.acknowledging]

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def png(width=40, height=30, colour=(200, 40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def png_claiming(width, height) -> bytes:
    """A tiny PNG whose header says `width`×`height`: what a decompression bomb looks like
    to anyone who reads only the header."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def stored_files() -> set:
    def walk(folder):
        folders, files = default_storage.listdir(folder) if default_storage.exists(folder) \
            else ([], [])
        return {f"{folder}/{name}" for name in files} | {
            path for sub in folders for path in walk(f"{folder}/{sub}")}
    return walk("attachments") | walk("thumbnails")


def upload(client, case, content, name, **extra):
    return client.post(f"/api/v1/cases/{case.reference}/attachments/",
                       {"file": SimpleUploadedFile(name, content), **extra},
                       format="multipart")


@pytest.fixture
def case(agent):
    return CaseFactory(by=agent, assignee=agent)


def test_an_agent_uploads_by_the_api_and_downloads_it_as_a_file(agent_api, case, agent):
    response = upload(agent_api, case, png(), "Damage photo é.png")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["filename"] == "Damage photo é.png" and body["content_type"] == "image/png"
    assert body["uploaded_by"] == "Alex Agent" and body["message"] is None
    listed = agent_api.get(f"/api/v1/cases/{case.reference}/attachments/").json()
    assert [a["id"] for a in listed["results"]] == [body["id"]]
    file = agent_api.get(urlsplit(body["download"]).path)
    assert file.status_code == 200
    assert file["Content-Type"] == "image/png"
    assert file["Content-Disposition"] == (
        "attachment; filename=\"Damage photo e.png\"; "
        "filename*=UTF-8''Damage%20photo%20%C3%A9.png")
    assert file["X-Content-Type-Options"] == "nosniff"
    assert b"".join(file.streaming_content) == png()
    event = CaseEvent.objects.get(case=case, kind="attachment_added")
    assert event.to_value == "Damage photo é.png" and event.actor == agent


def test_an_upload_can_go_with_one_of_the_cases_messages_only(agent_api, case, agent):
    message = reply(case, "Here is the receipt.")
    other = reply(CaseFactory(by=agent), "Not this one.")
    ok = upload(agent_api, case, b"%PDF-1.4\n%...", "receipt.pdf", message=message.pk)
    assert ok.status_code == 201 and ok.json()["message"] == message.pk
    wrong = upload(agent_api, case, b"%PDF-1.4\n%...", "receipt.pdf", message=other.pk)
    assert wrong.status_code == 400
    assert wrong.json() == {"message": ["No such message on this case."]}


def test_an_integration_sees_its_own_cases_files_not_anothers(api, integration_key, agent_api):
    own = CaseFactory(by=integration_key[0])
    mine = upload(api, own, png(), "from the shop.png")
    assert mine.status_code == 201 and mine.json()["uploaded_by"] is None
    assert api.get(urlsplit(mine.json()["download"]).path).status_code == 200
    theirs = client_with_key(ApiKey.objects.create_key(name="CRM")[1])
    assert theirs.get(urlsplit(mine.json()["download"]).path).status_code == 404
    assert theirs.get(f"/api/v1/cases/{own.reference}/attachments/").status_code == 404
    assert upload(theirs, own, png(), "x.png").status_code == 404


def test_signed_out_callers_get_nothing(client, case, agent):
    attachment = attachments.store(case, png(), "a.png", by=agent)
    page = client.get(f"/cases/{case.reference}/attachments/{attachment.pk}/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")
    api = client.get(f"/api/v1/cases/{case.reference}/attachments/{attachment.pk}/")
    assert api.status_code == 401


@pytest.mark.parametrize("content, name", [(HTML, "invoice.html"), (SVG, "logo.svg"),
                                           (b"<?xml version='1.0'?><a/>", "a.xml"),
                                           (b"alert(1)", "x.js")])
def test_markup_and_scripts_download_as_octet_stream(agent_client, case, agent, content, name):
    attachment = attachments.store(case, content, name, by=agent)
    response = agent_client.get(f"/cases/{case.reference}/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_type_comes_from_the_content_not_the_name(agent, case):
    attachment = attachments.store(case, png(), "contract.pdf", by=agent)
    assert attachment.content_type == "image/png" and attachment.filename == "contract.pdf"
    assert attachments.store(case, HTML, "photo.png").content_type == "application/octet-stream"


def test_a_file_over_the_limit_is_413_and_nothing_is_written(agent_api, case, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    before = stored_files()
    response = upload(agent_api, case, b"x" * 1001, "big.bin")
    assert response.status_code == 413
    assert response.json()["code"] == "attachment_too_large"
    assert not Attachment.objects.exists() and stored_files() == before
    assert not CaseEvent.objects.filter(kind="attachment_added").exists()


def test_the_api_body_limit_lets_an_upload_through_up_to_the_attachment_limit(
        agent_api, case, settings):
    settings.API_MAX_BODY_BYTES = 2000
    settings.ATTACHMENT_MAX_BYTES = 50_000
    assert upload(agent_api, case, b"x" * 40_000, "log.txt").status_code == 201
    # elsewhere in the API the body limit holds; and an upload past both is refused unread
    assert agent_api.post(f"/api/v1/cases/{case.reference}/notes/",
                          {"text": "x" * 3000}, format="json").status_code == 413
    assert agent_api.post(f"/api/v1/cases/{case.reference}/attachments/",  # not multipart
                          {"file": "x" * 3000}, format="json").status_code == 413
    refused = upload(agent_api, case, b"x" * 200_000, "huge.bin")
    assert refused.status_code == 413 and "request body" in refused.json()["detail"]


def test_a_message_holds_at_most_the_count_limit(agent, case, settings):
    settings.ATTACHMENTS_PER_MESSAGE = 2
    message = reply(case, "Three photos")
    for n in range(2):
        attachments.store(case, png(), f"{n}.png", message=message)
    with pytest.raises(attachments.AttachmentRefused) as refused:
        attachments.store(case, png(), "2.png", message=message)
    assert refused.value.status == 413 and refused.value.code == "too_many_attachments"
    assert message.attachments.count() == 2


def test_a_case_holds_at_most_its_cap(agent, case, settings):
    settings.ATTACHMENTS_PER_CASE = 1
    attachments.store(case, b"one", "1.txt", by=agent)
    with pytest.raises(attachments.AttachmentRefused):
        attachments.store(case, b"two", "2.txt", by=agent)


def test_a_picture_gets_a_reencoded_thumbnail(agent_client, agent, case):
    attachment = attachments.store(case, png(900, 600), "room.png", by=agent)
    assert attachment.thumbnail
    response = agent_client.get(
        f"/cases/{case.reference}/attachments/{attachment.pk}/thumbnail/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    thumb = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert thumb.format == "JPEG" and thumb.size == (320, 213)


def test_a_transparent_picture_keeps_its_transparency_as_png(agent, case):
    out = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(out, "PNG")
    attachment = attachments.store(case, out.getvalue(), "logo.png", by=agent)
    assert attachment.thumbnail.name.endswith(".png")


def test_a_decompression_bomb_is_stored_without_a_thumbnail(agent, case):
    attachment = attachments.store(case, png_claiming(100_000, 100_000), "bomb.png", by=agent)
    assert attachment.content_type == "image/png" and not attachment.thumbnail
    assert attachment.file.read() == png_claiming(100_000, 100_000)


def test_a_picture_over_the_pixel_limit_gets_no_thumbnail(agent, case, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    attachment = attachments.store(case, png(40, 30), "big.png", by=agent)
    assert attachment.size > 0 and not attachment.thumbnail


def test_a_damaged_picture_is_stored_without_a_thumbnail(agent, case):
    attachment = attachments.store(case, png()[:60], "cut.png", by=agent)
    assert attachment.content_type == "image/png" and not attachment.thumbnail


def test_an_agent_attaches_a_file_on_the_case_page(agent_client, case):
    response = agent_client.post(f"/cases/{case.reference}/attachments/",
                                 {"file": SimpleUploadedFile("receipt.png", png())},
                                 follow=True)
    page = response.content.decode()
    assert "“receipt.png” attached to the case." in page
    attachment = Attachment.objects.get(case=case)
    assert f"/cases/{case.reference}/attachments/{attachment.pk}/" in page
    assert f"/cases/{case.reference}/attachments/{attachment.pk}/thumbnail/" in page


def test_the_case_page_refuses_a_file_over_the_limit_with_words(agent_client, case, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    response = agent_client.post(f"/cases/{case.reference}/attachments/",
                                 {"file": SimpleUploadedFile("big.bin", b"x" * 500)},
                                 follow=True)
    assert "“big.bin” is larger than 0 KB." in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_case_page_shows_each_messages_files(agent_client, case):
    message = reply(case, "The photo of the vase.")
    attachment = attachments.store(case, png(), "vase.png", message=message)
    page = agent_client.get(case.get_absolute_url()).content.decode()
    assert "vase.png" in page and "Files with this message" in page
    assert f"/attachments/{attachment.pk}/thumbnail/" in page


def status_path(case):
    return urlsplit(links.issue(case, links.STATUS)).path


def test_the_customer_replies_with_files_and_downloads_only_their_own(client, case, agent):
    path = status_path(case)
    agent_file = attachments.store(case, b"internal", "desk-notes.txt", by=agent)
    response = client.post(path, {"text": "Photos attached.", "files": [
        SimpleUploadedFile("front.png", png()), SimpleUploadedFile("back.png", png())]},
        follow=True)
    assert response.status_code == 200
    message = case.messages.get(kind="reply")
    assert sorted(message.attachments.values_list("filename", flat=True)) == [
        "back.png", "front.png"]
    page = response.content.decode()
    assert "Files you sent us" in page and "front.png" in page
    assert "desk-notes.txt" not in page
    theirs = message.attachments.get(filename="front.png")
    download = client.get(f"{path}attachments/{theirs.pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith(
        "attachment;")
    assert client.get(f"{path}attachments/{agent_file.pk}/").status_code == 404
    assert client.get(f"/status/nonsense/attachments/{theirs.pk}/").status_code == 404


def test_the_status_page_refuses_too_many_files_and_records_nothing(client, case, settings):
    settings.ATTACHMENTS_PER_MESSAGE = 1
    response = client.post(status_path(case), {"text": "Two photos", "files": [
        SimpleUploadedFile("a.png", png()), SimpleUploadedFile("b.png", png())]})
    assert response.status_code == 200
    assert "At most 1 files with one message." in response.content.decode()
    assert not case.messages.filter(kind="reply").exists()
    assert not Attachment.objects.exists()


def test_files_never_reach_the_archive_or_the_public_pages(agent_client, agent, manager):
    from apologies import flow
    from archive import publishing
    from archive.models import ArchivedApology

    from ..apologies.steps import GOOD
    from ..factories import deliver_queued

    made = CaseFactory(by=agent, title="Vase broken")
    attachments.store(made, png(), "secret-receipt.png", message=reply(made, "Receipt."))
    attachments.store(made, b"notes", "desk-only-notes.txt", by=agent)
    for key in flow.STEP_KEYS:
        flow.complete_step(made, key, GOOD[key], by=agent)
    flow.send_apology(made, by=agent)
    deliver_queued()
    flow.resolve(made, by=agent)
    flow.close(made, by=agent)
    archived = ArchivedApology.objects.get(case=made)
    publishing.publish(archived, title="Broken vase", text="We sent a broken vase.",
                       by=manager)
    pages = [agent_client.get(path) for path in (
        f"/archive/{archived.pk}/", "/public/apologies/", "/public/apologies/feed/",
        f"/public/apologies/{archived.pk}/")]
    assert [page.status_code for page in pages] == [200] * 4
    for page in pages:
        text = page.content.decode()
        assert "secret-receipt" not in text and "desk-only-notes" not in text
        assert "/attachments/" not in text
    fields = [str(getattr(archived, f.name)) for f in ArchivedApology._meta.fields]
    assert not any("secret-receipt" in value or "attachments/" in value for value in fields)


def test_files_add_no_query_per_message_to_the_case_page(
        agent_client, agent, case, django_assert_num_queries):
    from .test_case_page import CASE_PAGE_QUERIES

    for n in range(3):
        attachments.store(case, png(), f"{n}.png", message=reply(case, f"Photo {n}"))
    attachments.store(case, b"notes", "notes.txt", by=agent)
    agent_client.get(case.get_absolute_url())  # the desk's shared lists in the cache
    with django_assert_num_queries(CASE_PAGE_QUERIES):
        page = agent_client.get(case.get_absolute_url())
    assert page.content.decode().count('class="attachment ') == 4


@pytest.mark.parametrize("format_, mode", [("JPEG", "RGB"), ("GIF", "P"), ("WEBP", "RGB")])
def test_jpeg_gif_and_webp_get_thumbnails_too(agent, case, format_, mode):
    out = io.BytesIO()
    Image.new(mode, (640, 480)).save(out, format_)
    attachment = attachments.store(case, out.getvalue(), f"p.{format_.lower()}", by=agent)
    assert attachment.content_type == f"image/{format_.lower()}"
    assert Image.open(attachment.thumbnail).size == (320, 240)


def test_a_sideways_phone_photo_is_thumbnailed_upright(agent, case):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to show
    out = io.BytesIO()
    Image.new("RGB", (640, 480)).save(out, "JPEG", exif=exif)
    attachment = attachments.store(case, out.getvalue(), "phone.jpg", by=agent)
    assert Image.open(attachment.thumbnail).size == (240, 320)


def test_an_integration_is_not_told_who_at_the_desk_added_a_file(api, integration_key, agent):
    own = CaseFactory(by=integration_key[0])
    attachments.store(own, b"notes", "notes.txt", by=agent)
    listed = api.get(f"/api/v1/cases/{own.reference}/attachments/").json()["results"]
    assert listed[0]["uploaded_by"] == "Recovery Desk"
