"""PDF and spreadsheet builders (reportlab, openpyxl). No Qt."""
