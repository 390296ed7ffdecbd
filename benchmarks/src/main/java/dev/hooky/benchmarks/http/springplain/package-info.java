/**
 * Server (h) of the HTTP comparison: what a team writes by hand for Customer.io webhooks in a plain
 * Spring Boot 4 application (Spring MVC on Tomcat, Spring Boot's defaults), with no Hooky code.
 * {@link dev.hooky.benchmarks.http.springplain.CustomerIoWebhookController} does the work of the
 * hand-written Jetty handler (b), so that the two measure the same work on two stacks.
 */
package dev.hooky.benchmarks.http.springplain;
