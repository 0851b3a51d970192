"""The framework integration examples under ``examples/``, driven through each framework's test client."""
