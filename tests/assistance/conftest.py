# The library's demo documents (the records in question of the demo threads) carry files: keep them in memory.
from tests.library.conftest import memory_storage  # noqa: F401
