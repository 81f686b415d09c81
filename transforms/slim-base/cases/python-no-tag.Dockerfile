FROM python
CMD ["python"]
