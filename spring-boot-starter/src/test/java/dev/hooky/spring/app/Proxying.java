package dev.hooky.spring.app;

import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts {@link SmsHandlers} behind a CGLIB proxy whose advice counts calls, as Spring's own
 * {@code @Transactional} or {@code @Timed} advice would: Hooky must find it and call through it.
 */
@Configuration(proxyBeanMethods = false)
public class Proxying {
  /** Handler calls that went through the proxy's advice. */
  public static final AtomicInteger ADVISED_CALLS = new AtomicInteger();

  @Bean
  static BeanPostProcessor proxySmsHandlers() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof SmsHandlers)) {
          return bean;
        }
        ProxyFactory proxy = new ProxyFactory(bean);
        proxy.setProxyTargetClass(true);
        proxy.addAdvice((MethodInterceptor) invocation -> {
          ADVISED_CALLS.incrementAndGet();
          return invocation.proceed();
        });
        return proxy.getProxy(bean.getClass().getClassLoader());
      }
    };
  }
}
