module example.com/api

replace example.com/lib => ./lib
