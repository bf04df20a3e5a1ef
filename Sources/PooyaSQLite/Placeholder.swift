enum PlaceholderPooyaSQLite {}
