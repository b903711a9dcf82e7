"""Uploaded files, for every app: accepting one (type by content, size, SHA-256) and serving one privately.

``portal.files.uploads.accept_upload`` and ``portal.files.downloads.private_download``; what a file really is
lives in ``portal.files.filetypes``. A plain package, not an app: it has no models.
"""
