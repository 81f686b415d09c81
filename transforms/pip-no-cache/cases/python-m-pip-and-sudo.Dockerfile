FROM python:3.12
RUN python3 -m pip install --upgrade pip && sudo pip3 install flask==3.0
