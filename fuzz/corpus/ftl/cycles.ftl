loop = { loop }
ping = { pong }
pong = { ping }
term = { -t }
-t = { -t }
self-attr = { self-attr.x }
    .x = { self-attr }
