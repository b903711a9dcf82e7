import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Files go to a real file-system storage under the test's own folder."""
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    return tmp_path
