import csv
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path


@dataclass
class Sale:
    day: date
    region: str
    product: str
    units: int
    revenue: float


def read_sales(path: Path) -> list[Sale]:
    sales = []
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            sales.append(
                Sale(
                    day=datetime.strptime(row["day"], "%Y-%m-%d").date(),
                    region=row["region"].strip(),
                    product=row["product"].strip(),
                    units=int(row["units"]),
                    revenue=float(row["revenue"]),
                )
            )
    return sales


def revenue_by_region(sales: list[Sale]) -> dict[str, float]:
    totals = defaultdict(float)
    for sale in sales:
        totals[sale.region] += sale.revenue
    return dict(sorted(totals.items(), key=lambda item: item[1], reverse=True))


def best_sellers(sales: list[Sale], top: int = 5) -> list[tuple[str, int]]:
    units = defaultdict(int)
    for sale in sales:
        units[sale.product] += sale.units
    ranked = sorted(units.items(), key=lambda item: item[1], reverse=True)
    return ranked[:top]


def daily_summary(sales: list[Sale]) -> dict[date, dict[str, float]]:
    by_day = defaultdict(list)
    for sale in sales:
        by_day[sale.day].append(sale.revenue)
    summary = {}
    for day, revenues in sorted(by_day.items()):
        summary[day] = {
            "total": sum(revenues),
            "mean": statistics.mean(revenues),
            "median": statistics.median(revenues),
        }
    return summary


def write_report(sales: list[Sale], out: Path) -> None:
    lines = ["# Sales report", ""]
    lines.append("## Revenue by region")
    for region, total in revenue_by_region(sales).items():
        lines.append(f"- {region}: {total:,.2f}")
    lines.append("")
    lines.append("## Best sellers")
    for product, units in best_sellers(sales):
        lines.append(f"- {product}: {units} units")
    out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    data = read_sales(Path("sales.csv"))
    write_report(data, Path("report.md"))
    print(f"{len(data)} sales summarised")
