"""Parts several resources share: parameters, the cost entry, the log query, the postback
URL's subid and key. They define no operation of their own."""
