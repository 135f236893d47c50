from advocate import create_app

app = create_app()
