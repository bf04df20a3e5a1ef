enum PlaceholderPooyaKeyVault {}
