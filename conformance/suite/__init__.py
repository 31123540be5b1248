"""The conformance suite itself: one test function, parametrized by the plugin from the catalog."""
