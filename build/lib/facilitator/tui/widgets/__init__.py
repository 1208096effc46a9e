"""Small widgets, each named for what the user sees."""
