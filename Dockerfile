FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VIRTUAL_ENV=/app/.venv PATH=/app/.venv/bin:$PATH
WORKDIR /app
COPY . .
RUN python -m venv .venv && pip install --no-cache-dir .
RUN DEBUG=false SECRET_KEY=build-only python manage.py collectstatic --noinput
RUN useradd --create-home desk && mkdir -p /app/var/media && chown -R desk /app/var
USER desk
EXPOSE 8000
CMD ["gunicorn", "recovery.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
