# The compose stack's backend and purgers, mounted as backend.vcl next to newsroom.vcl.
backend default {
    .host = "web";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

acl purgers {
    "web";
    "127.0.0.1";
}
