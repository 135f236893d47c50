"""marshmallow request/response schemas (they also generate the OpenAPI document)."""
