"""The project's benchmarks: `make bench` (`python -m bench`); see bench/__main__.py for how they run."""
