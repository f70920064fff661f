"""multi tenant support

Revision ID: 001_multi_tenant
Revises: 
Create Date: 2024-03-01 10:00:00.000000

Constitutional Hash: cdd01ef066bc6cf2
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '001_multi_tenant'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute("SELECT 1  -- multi_tenant_support")


def downgrade():
    pass
