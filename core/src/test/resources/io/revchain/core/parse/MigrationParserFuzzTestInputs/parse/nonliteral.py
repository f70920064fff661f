import os
os.system("touch /tmp/pwned")
if True:
    revision = "x"
down_revision = f"{revision}"
