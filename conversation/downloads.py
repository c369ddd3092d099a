"""A stored file going out: always as a download, never rendered by the browser.

Every door (the case page, the API, the customer's status page) checks who may see the case
first, then answers with `download(...)`: `Content-Disposition: attachment` with the name in
RFC 6266's `filename*` (and a plain ASCII fallback), `X-Content-Type-Options: nosniff`, and a
Content-Type that is the content's own only for pictures and PDF — HTML, SVG, XML, scripts
and anything unknown go out as application/octet-stream. Streamed from storage
(`FileResponse`), so a 10 MB file is not read into memory.
"""

import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404

from .attachments import served_type


def disposition(filename: str) -> str:
    ascii_name = (unicodedata.normalize("NFKD", filename).encode("ascii", "ignore")
                  .decode().replace('"', "").replace("\\", "") or "attachment")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download(attachment, *, thumbnail: bool = False) -> FileResponse:
    field = attachment.thumbnail if thumbnail else attachment.file
    if not field:
        raise Http404("No thumbnail for this file.")
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError) as error:  # storage lost it: not a 500
        raise Http404("The file is no longer stored.") from error
    if thumbnail:  # re-encoded by us: PNG or JPEG, by the name we gave it
        content_type = "image/png" if field.name.endswith(".png") else "image/jpeg"
        name = f"thumbnail-{attachment.filename}.{field.name.rsplit('.', 1)[-1]}"
    else:
        content_type, name = served_type(attachment.content_type), attachment.filename
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    # Even a browser that ignored the above would run nothing from it.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Only this browser keeps it; a thumbnail (shown on every visit to the case) an hour.
    response["Cache-Control"] = "private, max-age=3600" if thumbnail else "private, no-store"
    return response
