module supernova.local/pause

go 1.22
