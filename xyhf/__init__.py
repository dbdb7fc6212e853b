"""Generator of the 湖南省科技成果“先用后付”成果库 open-data site."""
