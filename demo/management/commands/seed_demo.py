import time

from django.core.management.base import BaseCommand, CommandError

from demo.bulk import add_bench_products
from demo.seed import DEMO_PASSWORD, MODERATOR_EMAIL, OWNER_EMAIL, seed_demo


class Command(BaseCommand):
    help = "Load the demo data (deterministic, idempotent); --products N adds N more products for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=0, help="add this many extra products (fast, no images)")
        parser.add_argument("--no-images", action="store_true", help="skip drawing product images")

    def handle(self, *args, products: int, no_images: bool, **options):
        if products < 0:
            raise CommandError("--products must be zero or more")
        started = time.perf_counter()
        created = seed_demo(with_images=not no_images)
        self.stdout.write(
            "demo data: "
            + ", ".join(f"{count} {what} created" for what, count in created.items())
            + f" ({time.perf_counter() - started:.1f} s)"
        )
        if products:
            started = time.perf_counter()
            add_bench_products(products)
            self.stdout.write(f"added {products} products in {time.perf_counter() - started:.1f} s")
        self.stdout.write(f"demo accounts (password {DEMO_PASSWORD}): {MODERATOR_EMAIL} (Department), {OWNER_EMAIL} (member owner)")
