# The local stack's Kafka: one KRaft broker+controller from Maven Central jars (stack/pom.xml),
# on loopback, data under $SEAM_STATE/kafka. Sourced by bin/seam.
SEAM_KAFKA_PORT=${SEAM_KAFKA_PORT:-59092}
SEAM_KAFKA_CONTROLLER_PORT=${SEAM_KAFKA_CONTROLLER_PORT:-59093}
# A second listener with TLS (a CA of the stack's own): tests prove stream.kafka_properties' TLS settings.
SEAM_KAFKA_TLS_PORT=${SEAM_KAFKA_TLS_PORT:-59094}
KAFKA_DIR=$SEAM_STATE/kafka
KAFKA_TLS=$KAFKA_DIR/tls
KAFKA_PID=$KAFKA_DIR/kafka.pid

kafka_ensure_installed() {
  [ -f "$KAFKA_DIR/lib/.complete" ] && return 0
  ensure_build_tools
  stage "fetching Kafka jars from Maven Central"
  mkdir -p "$KAFKA_DIR/lib"
  mvn -B -q -f "$SEAM_HOME/stack/pom.xml" dependency:copy-dependencies -DoutputDirectory="$KAFKA_DIR/lib" \
    >"$KAFKA_DIR/fetch.log" 2>&1 || { tail -20 "$KAFKA_DIR/fetch.log" >&2; die "could not fetch Kafka (log: $KAFKA_DIR/fetch.log)"; }
  touch "$KAFKA_DIR/lib/.complete"
}

kafka_java() {
  java -Xms256m -Xmx768m -Dlog4j2.configurationFile="$SEAM_HOME/conf/log4j2-services.properties" \
    -cp "$KAFKA_DIR/lib/*" "$@"
}

kafka_listening() { (exec 3<>"/dev/tcp/127.0.0.1/$SEAM_KAFKA_PORT") 2>/dev/null; }

kafka_up() {
  kafka_ensure_installed
  if pid_alive "$KAFKA_PID"; then return 0; fi
  mkdir -p "$KAFKA_DIR/data"
  kafka_tls_setup
  cat > "$KAFKA_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$SEAM_KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$SEAM_KAFKA_PORT,SSL://127.0.0.1:$SEAM_KAFKA_TLS_PORT,CONTROLLER://127.0.0.1:$SEAM_KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$SEAM_KAFKA_PORT,SSL://127.0.0.1:$SEAM_KAFKA_TLS_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SSL:SSL,CONTROLLER:PLAINTEXT
ssl.keystore.type=PEM
ssl.keystore.location=$KAFKA_TLS/server.pem
ssl.client.auth=none
log.dirs=$KAFKA_DIR/data
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=-1
message.max.bytes=16777216
PROPS
  if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
    kafka_java kafka.tools.StorageTool format -t "$(cat /proc/sys/kernel/random/uuid | tr -d '-' | head -c 22)" \
      -c "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/format.log" 2>&1 \
      || { cat "$KAFKA_DIR/format.log" >&2; die "Kafka storage format failed"; }
  fi
  stage "starting Kafka (KRaft) on 127.0.0.1:$SEAM_KAFKA_PORT"
  nohup java -Xms256m -Xmx768m -Dlog4j2.configurationFile="$SEAM_HOME/conf/log4j2-services.properties" \
    -cp "$KAFKA_DIR/lib/*" kafka.Kafka "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/kafka.log" 2>&1 &
  echo $! > "$KAFKA_PID"
  WAIT_SECONDS=90 wait_for kafka kafka_listening || { tail -30 "$KAFKA_DIR/kafka.log" >&2; die "Kafka did not start (log: $KAFKA_DIR/kafka.log)"; }
}

# A CA and a broker certificate for 127.0.0.1; clients trust ca.pem (ssl.truststore.type=PEM).
kafka_tls_setup() {
  [ -s "$KAFKA_TLS/server.pem" ] && return 0
  tls_local_ca "$KAFKA_TLS" "seam local Kafka CA"
  cat "$KAFKA_TLS/server.key" "$KAFKA_TLS/server.crt" > "$KAFKA_TLS/server.pem"
  chmod 600 "$KAFKA_TLS/server.pem"
}

kafka_down() {
  if pid_alive "$KAFKA_PID"; then
    stage "stopping Kafka"
    kill "$(cat "$KAFKA_PID")"
    WAIT_SECONDS=60 wait_for kafka-stop bash -c "! kill -0 $(cat "$KAFKA_PID") 2>/dev/null" || kill -9 "$(cat "$KAFKA_PID")" 2>/dev/null || true
  fi
  rm -f "$KAFKA_PID"
}

kafka_status() {
  if pid_alive "$KAFKA_PID" && kafka_listening; then echo "kafka       up    127.0.0.1:$SEAM_KAFKA_PORT (pid $(cat "$KAFKA_PID"))"
  else echo "kafka       down"; fi
}

# kafka_topic_create NAME: one partition, so the topic's order is the source's commit order.
kafka_topic_create() {
  kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$SEAM_KAFKA_PORT" --create \
    --if-not-exists --topic "$1" --partitions 1 --replication-factor 1 --config retention.ms=-1 \
    --config max.message.bytes=16777216 >/dev/null 2>"$SEAM_STATE/kafka-topics.log" \
    || { cat "$SEAM_STATE/kafka-topics.log" >&2; return 1; }
}
