"""院办通 application package: services (rules), reports (PDF/xlsx) and ui (Qt)."""

__version__ = "0.1.0"
APP_NAME = "yuanbantong"  # folder name for the data and config directories
