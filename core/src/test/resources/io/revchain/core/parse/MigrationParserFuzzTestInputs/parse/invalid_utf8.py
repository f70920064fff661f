revision = "a"
# Ã(
