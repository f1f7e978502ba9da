package org.symphony.persistence;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JdbcHostsTest {

    @Test
    void oneHost() {
        JdbcHosts url = JdbcHosts.parse("jdbc:postgresql://localhost:5433/symphony");
        assertEquals(List.of(new JdbcHosts.Host("localhost", 5433)), url.hosts());
        assertEquals("symphony", url.database());
    }

    @Test
    void aPrimaryAndItsStandbyWithParameters() {
        JdbcHosts url = JdbcHosts.parse("jdbc:postgresql://a:5432,b,[::1]:7/db?targetServerType=primary&hostRecheckSeconds=2");
        assertEquals(List.of(new JdbcHosts.Host("a", 5432), new JdbcHosts.Host("b", 5432), new JdbcHosts.Host("::1", 7)), url.hosts());
        assertEquals("db", url.database());
        assertEquals("primary", url.parameters().get("targetServerType"));
        assertEquals("2", url.parameters().get("hostRecheckSeconds"));
    }

    @Test
    void noDatabaseMeansPostgresAndOtherUrlsAreRefused() {
        assertEquals("postgres", JdbcHosts.parse("jdbc:postgresql://h:1/").database());
        assertThrows(IllegalArgumentException.class, () -> JdbcHosts.parse("jdbc:mysql://h/db"));
        assertThrows(IllegalArgumentException.class, () -> JdbcHosts.parse("jdbc:postgresql:///db"));
    }
}
