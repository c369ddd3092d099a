from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files once `collectstatic` has written its manifest
    (production); plain names before that, so a fresh checkout (tests, `make run`) renders
    pages without collecting first. Whitenoise serves both."""

    manifest_strict = False

    def stored_name(self, name):
        if not self.hashed_files:  # not collected: no manifest to look names up in
            return name
        return super().stored_name(name)
