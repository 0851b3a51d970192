"""One module per check; the plugin class in ``denpo_mypy._plugin`` dispatches to them."""
