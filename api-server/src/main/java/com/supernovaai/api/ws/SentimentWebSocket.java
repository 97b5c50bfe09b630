package com.supernovaai.api.ws;

import com.supernovaai.api.auth.RequiresRole;
import com.supernovaai.api.auth.Role;
import com.supernovaai.api.auth.TokenService;
import com.supernovaai.api.sentiment.PointParser;
import com.supernovaai.api.web.ApiException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;

/**
 * {@code /ws/sentiment/{symbol}}: new points of the symbol, pushed as they are ingested on any
 * replica. Needs an access token with the {@code read} role (Authorization header, or, from a
 * browser, the subprotocols {@code supernova.v1, supernova.bearer.<token>}: the handshake selects
 * {@code supernova.v1}), checked on the handshake by the access filter; the session is closed
 * (1008) when that token expires or its login is revoked. Receive-only: nothing a client sends is
 * published ({@code ping} is answered, the rest ignored).
 */
@ServerWebSocket(value = "/ws/sentiment/{symbol}", subprotocols = TokenService.WEBSOCKET_PROTOCOL)
@RequiresRole(Role.READ)
@Requires(property = "supernova.websockets.enabled", value = "true", defaultValue = "true")
public class SentimentWebSocket {

  private final LiveSessions sessions;
  private final TokenService tokens;
  private final TokenBoundSessions bound;

  public SentimentWebSocket(LiveSessions sessions, TokenService tokens, TokenBoundSessions bound) {
    this.sessions = sessions;
    this.tokens = tokens;
    this.bound = bound;
  }

  @OnOpen
  public void onOpen(String symbol, WebSocketSession session, HttpRequest<?> request) {
    TokenService.AccessClaims token;
    try {
      token = tokens.verifyAccessToken(TokenService.webSocketToken(request));
      PointParser.symbol(symbol, "symbol");
    } catch (ApiException e) {
      session.close(CloseReason.POLICY_VIOLATION);
      return;
    }
    sessions.add(symbol, session);
    bound.bind(session, token);
    session.sendSync("{\"type\":\"subscribed\",\"symbol\":" + quote(symbol) + "}");
  }

  @OnMessage
  public void onMessage(String symbol, String message, WebSocketSession session) {
    if ("ping".equals(message)) {
      session.sendAsync("pong");
    }
  }

  @OnClose
  public void onClose(String symbol, WebSocketSession session) {
    sessions.remove(symbol, session);
    bound.release(session);
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
