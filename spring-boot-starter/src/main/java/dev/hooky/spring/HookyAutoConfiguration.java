package dev.hooky.spring;

import dev.hooky.runtime.HookyBuilder;
import dev.hooky.runtime.HookyEmbedded;
import dev.hooky.servlet.HookyServlet;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hooky in a Spring Boot application: handler beans are found by their generated routers, the
 * webhook endpoint is {@link HookyServlet} on the application's own server at {@code hooky.path},
 * Hooky's meters go to the application's {@link MeterRegistry}, and the workers start and stop with
 * the context ({@link HookyLifecycle}). Declare a {@link HookyEmbedded} bean to replace it all.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus"
        + ".PrometheusMetricsExportAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple"
        + ".SimpleMetricsExportAutoConfiguration",
    // Spring Boot 3.5's names of the same.
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.prometheus"
        + ".PrometheusMetricsExportAutoConfiguration"})
@EnableConfigurationProperties(HookyProperties.class)
public class HookyAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(HookyAutoConfiguration.class);

  /**
   * Hooky, assembled from the {@code hooky.*} properties with every handler bean; the inbox is open,
   * nothing runs until the context starts.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public HookyEmbedded hooky(HookyProperties properties, ConfigurableListableBeanFactory beans,
      ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<DataSource> dataSource,
      ObjectProvider<HookyCustomizer> customizers) {
    List<Object> handlers = HandlerBeans.find(beans);
    try {
      HookyBuilder builder = HookyFromProperties.builder(properties, dataSource);
      builder.handlers(handlers.toArray());
      meterRegistry.ifAvailable(builder::meterRegistry);
      customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
      HookyEmbedded hooky = builder.embed();
      log.info("Hooky found {} handler bean(s): {}", handlers.size(), handlers.stream()
          .map(handler -> org.springframework.util.ClassUtils.getUserClass(handler).getName())
          .toList());
      return hooky;
    } catch (IllegalArgumentException | IllegalStateException e) {
      // The standalone server's message, with where Spring users set it.
      throw new HookyStartupException(e);
    }
  }

  /** Starts the workers and the admin port with the context, drains and stops them with it. */
  @Bean
  @ConditionalOnMissingBean
  public HookyLifecycle hookyLifecycle(HookyEmbedded hooky) {
    return new HookyLifecycle(hooky);
  }

  /** The webhook endpoint on the application's own Servlet server, at {@code hooky.path}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(ServletRegistrationBean.class)
  static class WebhookEndpoint {
    @Bean
    @ConditionalOnMissingBean(name = "hookyServlet")
    ServletRegistrationBean<HookyServlet> hookyServlet(HookyEmbedded hooky) {
      ServletRegistrationBean<HookyServlet> registration =
          new ServletRegistrationBean<>(new HookyServlet(hooky), hooky.path());
      registration.setName("hooky");
      registration.setAsyncSupported(true);
      registration.setLoadOnStartup(1);
      return registration;
    }
  }

  /** {@code /actuator/health/hooky}: whether the inbox can store events. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Health {
    @Bean
    @ConditionalOnMissingBean(name = "hookyHealthIndicator")
    HookyHealthIndicator hookyHealthIndicator(HookyEmbedded hooky) {
      return new HookyHealthIndicator(hooky);
    }
  }
}
