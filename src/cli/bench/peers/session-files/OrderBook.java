package exchange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** A limit order book matching buy and sell orders by price, then time. */
public final class OrderBook {
    public enum Side { BUY, SELL }

    public record Order(long id, Side side, long price, long quantity, long time) {}

    public record Trade(long buyId, long sellId, long price, long quantity) {}

    private final PriorityQueue<Order> bids = new PriorityQueue<>(
        Comparator.comparingLong(Order::price).reversed().thenComparingLong(Order::time));
    private final PriorityQueue<Order> asks = new PriorityQueue<>(
        Comparator.comparingLong(Order::price).thenComparingLong(Order::time));
    private long clock = 0;

    public List<Trade> submit(long id, Side side, long price, long quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive: " + quantity);
        }
        List<Trade> trades = new ArrayList<>();
        long left = quantity;
        PriorityQueue<Order> opposite = side == Side.BUY ? asks : bids;
        while (left > 0 && !opposite.isEmpty() && crosses(side, price, opposite.peek().price())) {
            Order best = opposite.poll();
            long filled = Math.min(left, best.quantity());
            trades.add(side == Side.BUY
                ? new Trade(id, best.id(), best.price(), filled)
                : new Trade(best.id(), id, best.price(), filled));
            left -= filled;
            if (best.quantity() > filled) {
                opposite.add(new Order(best.id(), best.side(), best.price(), best.quantity() - filled, best.time()));
            }
        }
        if (left > 0) {
            Order rest = new Order(id, side, price, left, clock++);
            (side == Side.BUY ? bids : asks).add(rest);
        }
        return trades;
    }

    public boolean cancel(long id) {
        return bids.removeIf(o -> o.id() == id) || asks.removeIf(o -> o.id() == id);
    }

    public long spread() {
        if (bids.isEmpty() || asks.isEmpty()) {
            return -1;
        }
        return asks.peek().price() - bids.peek().price();
    }

    private static boolean crosses(Side side, long price, long bestOpposite) {
        return side == Side.BUY ? price >= bestOpposite : price <= bestOpposite;
    }

    public int depth(Side side) {
        return side == Side.BUY ? bids.size() : asks.size();
    }
}
