package com.supernovaai.api.ws;

import io.micronaut.websocket.WebSocketSession;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The WebSocket sessions of this replica, by symbol. */
@Singleton
public class LiveSessions {

  private final Map<String, Set<WebSocketSession>> bySymbol = new ConcurrentHashMap<>();

  public void add(String symbol, WebSocketSession session) {
    bySymbol.computeIfAbsent(symbol, s -> ConcurrentHashMap.newKeySet()).add(session);
  }

  public void remove(String symbol, WebSocketSession session) {
    bySymbol.computeIfPresent(
        symbol,
        (s, sessions) -> {
          sessions.remove(session);
          return sessions.isEmpty() ? null : sessions;
        });
  }

  /** Sends a message to the open sessions of a symbol; closed ones are dropped. */
  public void deliver(String symbol, String message) {
    Set<WebSocketSession> sessions = bySymbol.get(symbol);
    if (sessions == null) {
      return;
    }
    for (WebSocketSession session : sessions) {
      if (session.isOpen()) {
        session.sendAsync(message);
      } else {
        remove(symbol, session);
      }
    }
  }

  public int count() {
    return bySymbol.values().stream().mapToInt(Set::size).sum();
  }
}
