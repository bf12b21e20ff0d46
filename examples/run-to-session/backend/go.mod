module example.com/chatd

go 1.22
