"""收文: incoming documents from arrival to archive."""
