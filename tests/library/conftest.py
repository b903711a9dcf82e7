import pytest


@pytest.fixture(autouse=True)
def memory_storage(settings):
    """Uploaded files go to an in-memory default storage: nothing written to disk by these tests."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
