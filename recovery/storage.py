from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files after `collectstatic`; plain names before it.

    Not strict, so a fresh checkout (tests, `make run`) renders pages without having run
    `collectstatic` first.
    """

    manifest_strict = False
