revision = "bom"
down_revision = None
