print("liteconv")
