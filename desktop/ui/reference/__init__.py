"""科室、人员、单位: the shared reference lists, edited in one dialog."""
