# -*- coding: latin-1 -*-
revision = "café"
down_revision = None
