"""督办 (supervision items): the services of the 督办 register."""
