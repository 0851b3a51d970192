"""Speed and memory of the denpo message bus, as ratios to calling the handler yourself.

Run ``make bench`` (``python -m benchmarks``) from the repository root; ``benchmarks/README.md``
lists the options. Not packaged: the wheel ships ``src/denpo`` and ``denpo_mypy`` only.
"""
