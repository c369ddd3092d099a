"""Exporting: files bigger than the in-memory part of the zip come through whole, and the
case page tells of an erasure in words, with who did it and nothing of the customer."""

import io
import json
import os
import zipfile

import pytest

from cases.intake import CustomerDetails
from conversation import attachments
from privacy import export

from ..factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agent, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return CaseFactory(by=agent, title="Broken lamp for Oskar Exportson",
                       customer=CustomerDetails(email="oskar@example.net", name="Oskar Exportson"))


def test_a_file_larger_than_the_memory_part_is_exported_whole(case, agent, manager_client):
    content = os.urandom(export.IN_MEMORY + 2 * 1024 * 1024)  # the zip spills to disk
    stored = attachments.store(case, content, "video.bin", by=agent)
    response = manager_client.post(f"/customers/{case.customer_id}/export/")
    assert response.status_code == 200
    assert int(response["Content-Length"]) > export.IN_MEMORY
    zipped = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert zipped.read(f"attachments/{stored.pk}-video.bin") == content
    listed = json.loads(zipped.read("customer.json"))["attachments"]
    assert [row["filename"] for row in listed] == ["video.bin"]


def test_the_case_page_tells_of_the_erasure_without_the_customer(case, manager_client):
    manager_client.post(f"/customers/{case.customer_id}/erase/", {"confirm": "ERASE"})
    page = manager_client.get(case.get_absolute_url()).content.decode()
    assert "Customer&#x27;s personal data erased" in page
    assert "Oskar" not in page and "oskar@" not in page
    assert "Broken lamp for [customer]" in page


def test_a_storage_that_fails_after_commit_is_logged_not_a_500(
        case, agent, manager_client, monkeypatch, caplog, django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    stored = attachments.store(case, b"receipt", "receipt.txt", by=agent)

    def down(name):
        raise OSError("S3 is down")

    monkeypatch.setattr(default_storage, "delete", down)
    with django_capture_on_commit_callbacks(execute=True):
        answer = manager_client.post(f"/customers/{case.customer_id}/erase/",
                                     {"confirm": "oskar@example.net"})
    assert answer.status_code == 302
    assert f"could not delete {stored.file.name}" in caplog.text
