"""The newsroom app holds project-wide helpers; it has no models of its own."""
