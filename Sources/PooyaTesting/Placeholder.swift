enum PlaceholderPooyaTesting {}
