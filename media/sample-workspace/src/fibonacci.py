"""Small numeric helpers."""


def fibonacci(n: int) -> int:
    """Return the n-th Fibonacci number (0, 1, 1, 2, 3, 5, ...)."""
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def is_prime(n: int) -> bool:
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


if __name__ == "__main__":
    print([fibonacci(i) for i in range(10)])
