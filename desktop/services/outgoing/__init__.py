"""发文 (outgoing documents): the services of the 发文 register."""
