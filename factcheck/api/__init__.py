"""What every app's API shares: the error shape, pagination, parsers and strict serializers."""
